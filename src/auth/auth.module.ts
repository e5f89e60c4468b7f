import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../infra/config/app-config';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { sessionSigningKey } from './session-signing-key';
import { CsrfProtection } from './csrf-protection';
import { DenialAudit } from './denial-audit';
import { DENIAL_FOLDS_QUEUE } from './denial-folds.queue';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { PlatformOperatorGate } from './platform-operator-gate';
import { RequestTokens } from './request-tokens';
import { SESSION_CLEANUP_QUEUE } from './session-cleanup.queue';
import { Session } from './session.entity';
import { SessionsRepository } from './sessions.repository';

@Module({
  imports: [
    UsersModule,
    OrganizationsModule,
    PassportModule,
    TypeOrmModule.forFeature([Session]),
    BullModule.registerQueue({ name: SESSION_CLEANUP_QUEUE }, { name: DENIAL_FOLDS_QUEUE }),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: sessionSigningKey(config) as unknown as Buffer,
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsRepository,
    LoginThrottle,
    JwtStrategy,
    PlatformOperatorGate,
    RequestTokens,
    DenialAudit,
    CsrfProtection,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, PlatformOperatorGate, RequestTokens, DenialAudit, CsrfProtection, BullModule],
})
export class AuthModule {}
