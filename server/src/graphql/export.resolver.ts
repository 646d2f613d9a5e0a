import 'reflect-metadata';
import { Ctx, Query, Resolver } from 'type-graphql';
import { EXPORT_NAMES, exportDescription } from '../study/output/exports.js';
import { exportUrl } from '../study/output/study-urls.js';
import type { ApiContext } from './context.js';
import { ExportLink } from './export.type.js';

@Resolver(() => ExportLink)
export class ExportResolver {
  @Query(() => [ExportLink], { description: 'Bulk exports of whole result sets (similarities, differences, trends, encoding, power, stimuli).' })
  exports(@Ctx() ctx: ApiContext): ExportLink[] {
    return EXPORT_NAMES.map((name) => ({ name, description: exportDescription(name), csvUrl: exportUrl(name, 'csv', ctx.urlStudy), jsonUrl: exportUrl(name, 'json', ctx.urlStudy) }));
  }
}
