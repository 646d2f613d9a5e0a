/**
 * One label vocabulary for ImageNet classes (issue 12 item 13). The labels file of the networks gives each class
 * its synonym list ("Ibizan hound, Ibizan Podenco"); the class table and the study files use its first entry
 * ("Ibizan hound"). Every label the API serves is that short form, so `top[0].label == classLabel` holds for a
 * correctly classified RE image; the full list travels in its own `synonyms` field.
 */
export function shortLabel(synonyms: string): string {
  return synonyms.split(',')[0]!.trim();
}
