import 'reflect-metadata';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ArrayDownload as ArrayDownloadRecord, ArrayLabels as ArrayLabelsRecord } from '../study/model.js';
import type { ApiContext } from './context.js';
import { ArrayDownload, ArrayLabels } from './download.type.js';

@Resolver(() => ArrayDownload)
export class ArrayDownloadResolver {
  @FieldResolver(() => ArrayLabels, { description: 'What the array holds, axis by axis: row and column ids, study, simulated flag, provenance key (read only when asked for).' })
  labels(@Root() d: ArrayDownloadRecord, @Ctx() ctx: ApiContext): Promise<ArrayLabelsRecord> {
    return ctx.downloads.labelsAt(d.url);
  }
}
