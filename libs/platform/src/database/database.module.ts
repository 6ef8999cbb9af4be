import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';

import { type ServiceSettings } from '../config/service-settings';
import { HealthRegistry } from '../health/health-registry';

@Injectable()
class DatabaseHealth implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('mongodb', async () => {
      if (!this.connection.db) throw new Error('not connected');
      await this.connection.db.command({ ping: 1 });
    });
  }
}

/**
 * The service's own MongoDB database. Code stays inside what both MongoDB and the local mongo-java-server
 * support: no multi-document transactions, change streams, TTL or text indexes.
 */
@Module({})
export class DatabaseModule {
  static forRoot({ url, database }: ServiceSettings['mongo']): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        MongooseModule.forRoot(url, {
          dbName: database,
          serverSelectionTimeoutMS: 5000,
          // Indexes are declared on the schemas; unique ones guard invariants, so they must exist.
          autoIndex: true,
        }),
      ],
      providers: [DatabaseHealth],
      exports: [MongooseModule],
    };
  }
}
