import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_TRANCHES } from '../../domain/tranches';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class PaymentDto {
  @ApiProperty({ description: 'Pence paid, at most the award’s unpaid balance' }) @IsInt() amountPence: number;
  @ApiProperty({ format: 'date' }) @Matches(DAY, { message: 'paidOn must be a date written YYYY-MM-DD' }) paidOn: string;
  @ApiProperty({ description: 'The finance system’s payment reference; the same reference again is the same payment' }) @IsString() @MaxLength(100) reference: string;
  @ApiPropertyOptional({ description: 'The tranche this pays (1, 2 …): for exactly its amount, once' }) @IsOptional() @IsInt() @Min(1) trancheSeq?: number;
}

export class TrancheDto {
  @ApiProperty({ description: 'Pence due in this tranche' }) @IsInt() amountPence: number;
  @ApiProperty({ format: 'date', description: 'When it is due: after the tranche before, not before the award' }) @Matches(DAY, { message: 'dueOn must be a date written YYYY-MM-DD' }) dueOn: string;
}

export class TranchesDto {
  @ApiProperty({ type: [TrancheDto], description: 'In the order they fall due, adding up to exactly the award; set once, before the offer is accepted' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TRANCHES)
  @ValidateNested({ each: true })
  @Type(() => TrancheDto)
  tranches: TrancheDto[];
}

export class ReasonDto {
  @ApiProperty({ description: 'Why: kept with the transaction and in the audit log' }) @IsString() @MaxLength(1000) reason: string;
}

export class ReturnDto extends ReasonDto {
  @ApiProperty({ description: 'The funding organisation the money goes back to (its id)' }) @IsUUID() organisationId: string;
  @ApiProperty({ description: 'Pence, at most that organisation’s unallocated money' }) @IsInt() amountPence: number;
}
