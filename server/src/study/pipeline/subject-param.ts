import { datasetSubjectIds } from '../../brain/import/registry.js';
import { subjectIds } from '../../brain/simulate/simulate.js';
import { DomainError } from '../../core/errors.js';
import type { StudyDefinition } from '../definition/definition.js';

/**
 * What a per-subject stage's params call its subject: the subject's one id (issue 12 item 12: provenance named
 * subject `0`, not `sim01`; issue 10: imported subjects by their dataset label, not their position). A simulated
 * study's ids follow from its definition (sim01..simNN, brain/simulate); an import's are the dataset's labels
 * (brain/import/subject-id.ts), listed from its directories and meta.json without reading the data, so the graph
 * can name them before the brain stage runs.
 */
export function subjectParam(study: StudyDefinition, index: number): string {
  if (study.brain.source !== 'import') return subjectIds(study.brain.subjects)[index]!;
  const dir = study.brain.dir!;
  const ids = datasetSubjectIds(dir);
  const id = ids[index];
  if (id === undefined || ids.length !== study.brain.subjects) {
    throw new DomainError('BAD_DATA', `study ${study.id}: brain data ${dir} holds ${ids.length} subjects (${ids.join(', ')}) but brain.subjects is ${study.brain.subjects}`);
  }
  return id;
}
