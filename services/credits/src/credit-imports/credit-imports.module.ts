import { CsvBodyModule } from '@cme/platform';
import { Module } from '@nestjs/common';

import { LedgerModule } from '../ledger/ledger.module';
import { CREDIT_IMPORT_LIMIT_BYTES } from './credit-import-format';
import { CreditImportService } from './credit-import.service';
import { CreditImportsController } from './credit-imports.controller';

@Module({
  imports: [LedgerModule, CsvBodyModule.withLimit(CREDIT_IMPORT_LIMIT_BYTES)],
  controllers: [CreditImportsController],
  providers: [CreditImportService],
})
export class CreditImportsModule {}
