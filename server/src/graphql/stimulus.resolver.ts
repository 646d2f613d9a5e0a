import 'reflect-metadata';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { StimulusRecord } from '../study/model.js';
import type { Keyed } from '../study/service.js';
import { requireFound } from '../core/errors.js';
import { stimulusImageUrl } from '../study/output/stimulus-urls.js';
import { filterFields } from './catalog.js';
import { Connection, paginate, type Page } from './connection.js';
import { connectionComplexity } from './page.args.js';
import type { ApiContext } from './context.js';
import { StimuliArgs } from './stimulus.args.js';
import { Stimulus } from './stimulus.type.js';
import { scopeOf } from './scope.js';

export const StimulusConnection = Connection(Stimulus, 'Stimulus');
type Rec = Keyed<StimulusRecord>;

@Resolver(() => Stimulus)
export class StimulusResolver {
  @Query(() => StimulusConnection, { complexity: connectionComplexity, description: 'Stimuli, filtered by kind and group, in study order.' })
  async stimuli(@Args(() => StimuliArgs) a: StimuliArgs, @Ctx() ctx: ApiContext): Promise<Page<Rec>> {
    return paginate(await ctx.study.stimuli(filterFields(a, ['kind', 'group'])), a);
  }

  @Query(() => Stimulus, { description: 'One stimulus by id; UNKNOWN_STIMULUS lists valid ids.' })
  async stimulus(@Arg('id', () => String) id: string, @Ctx() ctx: ApiContext): Promise<Rec> {
    const all = await ctx.study.stimuli();
    return requireFound(all.find((s) => s.id === id), 'UNKNOWN_STIMULUS', 'stimulus', id, all.map((s) => s.id));
  }

  @FieldResolver(() => String, { description: 'PNG of the stimulus, relative to the server root.' })
  imageUrl(@Root() s: Rec, @Ctx() ctx: ApiContext): string {
    return stimulusImageUrl(s.id, scopeOf(ctx, s).urlStudy);
  }
}
