import { Controller, Delete, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Public, Returns, ValidBody } from '@ops/http';
import {
  changePasswordRequest,
  updateProfileRequest,
  verifyEmailRequest,
  type ChangePasswordRequest,
  type UpdateProfileRequest,
  type VerifyEmailRequest,
} from '../accounts/accounts.requests.js';
import { userView } from '../accounts/user.view.js';
import { sessionResponse, userResponse, verificationSentResponse } from '../user.responses.js';
import { ProfileService } from './profile.service.js';

/** The caller's own account. */
@ApiTags('accounts')
@Controller('auth')
export class ProfileController {
  constructor(@Inject(ProfileService) private readonly profile: ProfileService) {}

  @Patch('me')
  @Returns(200, userResponse)
  async update(@CurrentPrincipal() principal: Principal, @ValidBody(updateProfileRequest) body: UpdateProfileRequest) {
    return userView(await this.profile.update(principal, body));
  }

  @Delete('me')
  @Returns(204)
  async delete(@CurrentPrincipal() principal: Principal) {
    await this.profile.deleteOwn(principal);
  }

  @Post('password')
  @Returns(200, sessionResponse)
  async changePassword(@CurrentPrincipal() principal: Principal, @ValidBody(changePasswordRequest) body: ChangePasswordRequest) {
    const { user, token } = await this.profile.changePassword(principal, body);
    return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresInSeconds, user: userView(user) };
  }

  @Public()
  @Post('verify-email')
  @Returns(200, userResponse)
  async verifyEmail(@ValidBody(verifyEmailRequest) body: VerifyEmailRequest) {
    return userView(await this.profile.verifyEmail(body.token));
  }

  @Post('verify-email/resend')
  @Returns(202, verificationSentResponse)
  async resend(@CurrentPrincipal() principal: Principal) {
    await this.profile.resendVerification(principal);
    return { sent: true };
  }
}
