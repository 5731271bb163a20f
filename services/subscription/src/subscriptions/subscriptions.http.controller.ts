import { Controller, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidBody, ValidParams } from '@ops/http';
import { subscriptionResponse } from '../subscription.responses.js';
import {
  adminUpdateSubscriptionRequest,
  cancelRequest,
  subscriptionParams,
  type AdminUpdateSubscriptionRequest,
  type CancelRequest,
} from './subscription.requests.js';
import { subscriptionView } from './subscription.view.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** The caller's own subscription: the one of the user the token names, whatever their email. */
@ApiTags('subscriptions')
@Controller('api/v1/subscriptions/me')
export class OwnSubscriptionController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Returns(200, subscriptionResponse)
  async get(@CurrentPrincipal() principal: Principal) {
    const row = await this.subscriptions.get(principal, { userId: principal.userId });
    return subscriptionView(row, await this.subscriptions.invoicesOf(row.id));
  }

  @Post('cancel')
  @Returns(200, subscriptionResponse)
  async cancel(@CurrentPrincipal() principal: Principal, @ValidBody(cancelRequest) body: CancelRequest) {
    return subscriptionView(await this.subscriptions.cancel(principal, { userId: principal.userId }, body.reason));
  }
}

/** The old design's `/api/v1/admin/subscriptions/{email}`, for platform admins: the email names the user holding it now. */
@ApiTags('subscriptions (administration)')
@Controller('api/v1/admin/subscriptions/:email')
export class AdminSubscriptionsController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Returns(200, subscriptionResponse)
  async get(@CurrentPrincipal() principal: Principal, @ValidParams(subscriptionParams) params: { email: string }) {
    const row = await this.subscriptions.get(principal, params);
    return subscriptionView(row, await this.subscriptions.invoicesOf(row.id));
  }

  @Patch()
  @Returns(200, subscriptionResponse)
  async update(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(subscriptionParams) params: { email: string },
    @ValidBody(adminUpdateSubscriptionRequest) body: AdminUpdateSubscriptionRequest,
  ) {
    return subscriptionView(await this.subscriptions.adminUpdate(principal, params, body));
  }

  @Post('cancel')
  @Returns(200, subscriptionResponse)
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(subscriptionParams) params: { email: string },
    @ValidBody(cancelRequest) body: CancelRequest,
  ) {
    return subscriptionView(await this.subscriptions.cancel(principal, params, body.reason));
  }
}
