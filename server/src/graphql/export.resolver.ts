import 'reflect-metadata';
import { Query, Resolver } from 'type-graphql';
import { EXPORT_NAMES, exportDescription } from '../study/output/exports.js';
import { ExportLink } from './export.type.js';

@Resolver(() => ExportLink)
export class ExportResolver {
  @Query(() => [ExportLink], { description: 'Bulk exports of whole result sets (similarities, differences, trends, encoding, power, stimuli).' })
  exports(): ExportLink[] {
    return EXPORT_NAMES.map((name) => ({ name, description: exportDescription(name), csvUrl: `/export/${name}.csv`, jsonUrl: `/export/${name}.json` }));
  }
}
