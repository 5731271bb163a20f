import type { JsMsg } from '@nats-io/jetstream';
import { BaseRpcContext } from '@nestjs/microservices';

/** What a handler may want besides the event: where it came from and how often it was delivered. */
export class JetStreamContext extends BaseRpcContext<[JsMsg]> {
  constructor(message: JsMsg) {
    super([message]);
  }

  getMessage(): JsMsg {
    return this.args[0];
  }

  getSubject(): string {
    return this.args[0].subject;
  }

  /** The stream sequence: the event's position in the EVENTS stream. */
  getStreamSequence(): number {
    return this.args[0].seq;
  }

  /** 1 on first delivery, more after a nak or an ack timeout. */
  getDeliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }
}
