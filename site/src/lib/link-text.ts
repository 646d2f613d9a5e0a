/**
 * Link texts of downloads, as a reader says them: "responses (CSV)", "RE activations (NPY)", "similarities
 * (JSON)", never a GraphQL field path ("responsesCsv (csv)") or the format twice ("(JSON) (json)").
 */
const WORDS: Readonly<Record<string, string>> = {
  re: 'RE activations', an: 'AN activations', ai: 'AI activations', rdm: 'RDM', rdms: 'RDMs', roi: 'ROI', rois: 'ROIs', npy: '', csv: '', json: '',
};

/** GraphQL field path of a download ("rois.responsesCsv", "layer.re") -> its words ("responses", "RE activations"). */
export function pathLabel(path: string): string {
  const field = path.replace(/\[\d+\]/g, '').split('.').filter(Boolean).pop() ?? '';
  const words = field.split(/(?<=[a-z0-9])(?=[A-Z])/).map((w) => w.toLowerCase()).map((w) => WORDS[w] ?? w).filter(Boolean);
  return words.join(' ') || 'download';
}

/** The text of a download link: its label, then the format in capitals unless the label already names it. */
export function linkText(d: { readonly label: string; readonly format?: string }): string {
  const fmt = (d.format ?? '').toUpperCase();
  if (!fmt || new RegExp(`\\b${fmt}\\b`, 'i').test(d.label)) return d.label;
  return `${d.label} (${fmt})`;
}
