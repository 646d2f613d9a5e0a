import 'reflect-metadata';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { LayerRecord } from '../study/model.js';
import { parseSubset } from '../study/output/subset.js';
import { requireFound } from '../core/errors.js';
import type { ApiContext } from './context.js';
import { ArrayDownload } from './download.type.js';
import type { ArrayDownload as ArrayDownloadRecord } from '../study/model.js';
import { Layer } from './layer.type.js';
import { ActivationsArgs } from './study.args.js';
import { layersOf, scopeOf } from './scope.js';

@Resolver(() => Layer)
export class LayerResolver {
  @Query(() => [Layer], { description: 'Read-out layers in network order.' })
  layers(@Ctx() ctx: ApiContext): Promise<LayerRecord[]> {
    return layersOf(ctx);
  }

  @Query(() => Layer, { description: 'One layer by name; UNKNOWN_LAYER lists the valid names.' })
  async layer(@Arg('name', () => String) name: string, @Ctx() ctx: ApiContext): Promise<LayerRecord> {
    const all = await ctx.study.layers();
    return requireFound(all.find((l) => l.name === name), 'UNKNOWN_LAYER', 'layer', name, all.map((l) => l.name));
  }

  @FieldResolver(() => ArrayDownload, { description: 'Activations of every stimulus of a kind, [stimuli x units].' })
  activations(@Root() layer: LayerRecord, @Args(() => ActivationsArgs) a: ActivationsArgs, @Ctx() ctx: ApiContext): Promise<ArrayDownloadRecord> {
    return scopeOf(ctx, layer).downloads.describe({ kind: 'activations', layer: layer.name, stimulusKind: a.stimulusKind }, a.format, parseSubset(a));
  }
}
