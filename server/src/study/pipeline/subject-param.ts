import { subjectIds } from '../../brain/simulate/simulate.js';
import type { StudyDefinition } from '../definition/definition.js';

/**
 * What a per-subject stage's params call its subject (issue 12 item 12: provenance named subject `0`, not
 * `sim01`). A simulated study's ids follow from its definition (sim01..simNN, brain/simulate), so the params name
 * the id. An import's ids are known only once its data are read, after the graph is built, so there the subject
 * stays its position in the dataset (the data's checksum is in the brain stage's key, so the key stays exact).
 */
export function subjectParam(study: StudyDefinition, index: number): string | number {
  return study.brain.source === 'import' ? index : subjectIds(study.brain.subjects)[index]!;
}
