import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class PaymentDto {
  @ApiProperty({ description: 'Pence paid, at most the award’s unpaid balance' }) @IsInt() amountPence: number;
  @ApiProperty({ format: 'date' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'paidOn must be a date written YYYY-MM-DD' }) paidOn: string;
  @ApiProperty({ description: 'The finance system’s payment reference; the same reference again is the same payment' }) @IsString() @MaxLength(100) reference: string;
}

export class ReasonDto {
  @ApiProperty({ description: 'Why: kept with the transaction and in the audit log' }) @IsString() @MaxLength(1000) reason: string;
}

export class ReturnDto extends ReasonDto {
  @ApiProperty({ description: 'The funding organisation the money goes back to (its id)' }) @IsUUID() organisationId: string;
  @ApiProperty({ description: 'Pence, at most that organisation’s unallocated money' }) @IsInt() amountPence: number;
}
