import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import { createReplayRequest, listReplaysQuery, replayParams, type CreateReplayRequest, type ListReplaysQuery } from './replay.requests.js';
import { replayView } from './replay.view.js';
import { ReplaysService } from './replays.service.js';

/** Replay from the stream: start one, watch its progress, pause, resume or cancel it. */
@Controller('api/v1/webhooks/replays')
export class ReplaysController {
  constructor(@Inject(ReplaysService) private readonly replays: ReplaysService) {}

  @Post()
  @HttpCode(202)
  async create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(createReplayRequest)) body: CreateReplayRequest) {
    return replayView(await this.replays.create(principal, body), {});
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(listReplaysQuery)) query: ListReplaysQuery) {
    const rows = await this.replays.list(principal, query);
    return { data: rows.map((r) => replayView(r)), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(replayParams)) params: { id: string }) {
    const row = await this.replays.get(principal, params.id);
    return replayView(row, await this.replays.deliveriesByStatus(row.id));
  }

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(replayParams)) params: { id: string }) {
    const row = await this.replays.pause(principal, params.id);
    return replayView(row, await this.replays.deliveriesByStatus(row.id));
  }

  @Post(':id/resume')
  @HttpCode(200)
  async resume(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(replayParams)) params: { id: string }) {
    const row = await this.replays.resume(principal, params.id);
    return replayView(row, await this.replays.deliveriesByStatus(row.id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(replayParams)) params: { id: string }) {
    const { replay, withdrawn } = await this.replays.cancel(principal, params.id);
    return { ...replayView(replay, await this.replays.deliveriesByStatus(replay.id)), withdrawn };
  }
}
