import { Controller, Get, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, page, Returns, ValidBody, ValidParams, ValidQuery } from '@ops/http';
import { cancelledReplayResponse, replayResponse } from '../webhook.responses.js';
import { createReplayRequest, listReplaysQuery, replayParams, type CreateReplayRequest, type ListReplaysQuery } from './replay.requests.js';
import { replayView } from './replay.view.js';
import { ReplaysService } from './replays.service.js';

/** Replay from the stream: start one, watch its progress, pause, resume or cancel it. */
@ApiTags('replays')
@Controller('api/v1/webhooks/replays')
export class ReplaysController {
  constructor(@Inject(ReplaysService) private readonly replays: ReplaysService) {}

  @Post()
  @Returns(202, replayResponse)
  async create(@CurrentPrincipal() principal: Principal, @ValidBody(createReplayRequest) body: CreateReplayRequest) {
    return replayView(await this.replays.create(principal, body), {});
  }

  @Get()
  @Returns(200, page(replayResponse))
  async list(@CurrentPrincipal() principal: Principal, @ValidQuery(listReplaysQuery) query: ListReplaysQuery) {
    const rows = await this.replays.list(principal, query);
    return { data: rows.map((r) => replayView(r)), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  @Get(':id')
  @Returns(200, replayResponse)
  async get(@CurrentPrincipal() principal: Principal, @ValidParams(replayParams) params: { id: string }) {
    const row = await this.replays.get(principal, params.id);
    return replayView(row, await this.replays.deliveriesByStatus(row.id));
  }

  @Post(':id/pause')
  @Returns(200, replayResponse)
  async pause(@CurrentPrincipal() principal: Principal, @ValidParams(replayParams) params: { id: string }) {
    const row = await this.replays.pause(principal, params.id);
    return replayView(row, await this.replays.deliveriesByStatus(row.id));
  }

  @Post(':id/resume')
  @Returns(200, replayResponse)
  async resume(@CurrentPrincipal() principal: Principal, @ValidParams(replayParams) params: { id: string }) {
    const row = await this.replays.resume(principal, params.id);
    return replayView(row, await this.replays.deliveriesByStatus(row.id));
  }

  @Post(':id/cancel')
  @Returns(200, cancelledReplayResponse)
  async cancel(@CurrentPrincipal() principal: Principal, @ValidParams(replayParams) params: { id: string }) {
    const { replay, withdrawn } = await this.replays.cancel(principal, params.id);
    return { ...replayView(replay, await this.replays.deliveriesByStatus(replay.id)), withdrawn };
  }
}
