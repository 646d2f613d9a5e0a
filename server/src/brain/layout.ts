/**
 * The NPY/CSV dataset directory: what `brain export` writes and the `npy` importer reads, so an export is always
 * importable again.
 *
 *   responses.npy   [trials x stimuli x vertices] float32 (float64 and integer dtypes are accepted on import)
 *   vertices.csv    id,roi,hemisphere,x,y[,z][,prf_x,prf_y,prf_size,prf_exponent]   (x, y, z in `units`, default mm)
 *   stimuli.csv     id                                   one row per stimulus, in the order of the stimulus axis
 *   meta.json       optional: {"subject": "S1", "simulated": false, "space": "flat" | "volume", "units": "mm",
 *                   "source": "...", "roi": "V1", "hemisphere": "both"}
 *
 * A multi-subject dataset is a directory with one such directory per subject (named by subject id).
 */
export const DATASET_FILES = {
  responses: 'responses.npy',
  vertices: 'vertices.csv',
  stimuli: 'stimuli.csv',
  meta: 'meta.json',
} as const;

export interface DatasetMeta {
  readonly subject?: string;
  readonly simulated?: boolean;
  readonly space?: string;
  readonly units?: string;
  readonly source?: string;
  readonly roi?: string;
  readonly hemisphere?: string;
  readonly params?: Record<string, unknown>;
}
