import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal, isPlatformAdmin, type Principal } from '@ops/auth';
import { ApiTags, ForbiddenError, Returns, ValidQuery } from '@ops/http';
import { DeadLetters } from '@ops/messaging';
import { z } from 'zod';
import { deadLettersResponse } from '../webhook.responses.js';

const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/**
 * `GET /api/v1/webhooks/dead-letters`: what ingest refused to deliver (not an event, a type that disagrees with
 * its subject, a source the catalog does not allow), newest first, for platform administrators (`opsctl
 * dead-letters`). They can name any organization's data, so organization admins do not see them.
 */
@ApiTags('dead letters')
@Controller('api/v1/webhooks/dead-letters')
export class DeadLettersController {
  constructor(@Inject(DeadLetters) private readonly deadLetters: DeadLetters) {}

  @Get()
  @Returns(200, deadLettersResponse)
  async list(@CurrentPrincipal() principal: Principal, @ValidQuery(listQuery) query: z.infer<typeof listQuery>) {
    if (!isPlatformAdmin(principal)) throw new ForbiddenError('platform administrators only');
    const { total, data } = await this.deadLetters.list(query.limit);
    return {
      stream: this.deadLetters.stream,
      total,
      data: data.map((d) => ({
        seq: d.seq,
        reason: d.reason,
        detail: d.detail,
        subject: d.subject,
        stream_seq: d.streamSeq,
        consumer: d.consumer,
        rejected_at: d.rejectedAt,
        body: d.body,
      })),
    };
  }
}
