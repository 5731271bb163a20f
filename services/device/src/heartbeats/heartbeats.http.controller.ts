import { Controller, Headers, Inject, Post } from '@nestjs/common';
import { ApiTags, Public, QuietRequestLog, Returns, UnauthenticatedError, ValidBody } from '@ops/http';
import { parseCredential } from '../devices/device-credential.js';
import { heartbeatRequest, type HeartbeatRequest } from './heartbeat.requests.js';
import { Presence } from './presence.js';

/** Devices report in here with their own credential (`Authorization: Device <device_id>.<secret>`), not a user's token. */
@ApiTags('devices')
@Controller('api/v1/devices/heartbeat')
export class HeartbeatsController {
  constructor(@Inject(Presence) private readonly presence: Presence) {}

  @Public()
  @QuietRequestLog()
  @Post()
  @Returns(204)
  async heartbeat(@Headers('authorization') authorization: string | undefined, @ValidBody(heartbeatRequest) body: HeartbeatRequest) {
    const credential = parseCredential(authorization);
    if (!credential) throw new UnauthenticatedError('Authorization: Device <device_id>.<secret> is required');
    await this.presence.heartbeat(await this.presence.authenticate(credential.deviceId, credential.secret), body);
  }
}
