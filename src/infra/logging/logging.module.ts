import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { RequestLogging } from './request-logging';

/** nestjs-pino's Logger for Nest and the services, writing through the request logger's (within a request, its child). */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [RequestLogging],
      inject: [RequestLogging],
      useFactory: (logging: RequestLogging) => ({ pinoHttp: { logger: logging.logger }, useExisting: true }),
    }),
  ],
})
export class LoggingModule {}
