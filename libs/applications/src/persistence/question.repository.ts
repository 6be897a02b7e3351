import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface QuestionRow {
  id: string;
  applicationId: string;
  question: string;
  askedBy: string;
  askedAt: Date;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
}

const COLUMNS = `id, application_id AS "applicationId", question, asked_by AS "askedBy", asked_at AS "askedAt", answer, answered_by AS "answeredBy", answered_at AS "answeredAt"`;

/** The community panel's questions to an applicant, and their answers. The only queries on that table. */
@Injectable()
export class QuestionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async forApplication(applicationId: string, manager?: EntityManager): Promise<QuestionRow[]> {
    return (await (manager ?? this.dataSource.manager).query(`SELECT ${COLUMNS} FROM application_questions WHERE application_id = $1 ORDER BY asked_at, id`, [applicationId])) as QuestionRow[];
  }

  async insert(manager: EntityManager, applicationId: string, question: string, askedBy: string): Promise<string> {
    const [row] = (await manager.query(`INSERT INTO application_questions (application_id, question, asked_by) VALUES ($1, $2, $3) RETURNING id`, [applicationId, question, askedBy])) as Array<{ id: string }>;
    return row.id;
  }

  async lock(manager: EntityManager, applicationId: string, id: string): Promise<QuestionRow | undefined> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM application_questions WHERE application_id = $1 AND id = $2 FOR UPDATE`, [applicationId, id])) as QuestionRow[];
    return row;
  }

  async answer(manager: EntityManager, id: string, answer: string, by: string): Promise<void> {
    await manager.query(`UPDATE application_questions SET answer = $2, answered_by = $3, answered_at = now() WHERE id = $1`, [id, answer, by]);
  }
}
