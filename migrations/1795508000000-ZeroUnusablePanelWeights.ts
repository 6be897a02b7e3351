import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A panel weight is now counted (the hybrid rule), and only where it can be: with the greedy
 * rules, in a round with a panel review. Before, one was accepted on any round and never used, so
 * a round saved then with a weight it cannot use would now be refused at counting, and, once its
 * vote had frozen the rules, could never be counted. Such weights are set to 0 here, which is how
 * they were always counted: no result changes (owned by libs/funds).
 */
export class ZeroUnusablePanelWeights1795508000000 implements MigrationInterface {
  name = 'ZeroUnusablePanelWeights1795508000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE rounds r SET panel_weight_percent = 0
      WHERE r.panel_weight_percent > 0
        AND (r.allocation_rule NOT IN ('greedy', 'greedy-threshold')
             OR NOT EXISTS (SELECT 1 FROM round_phases p WHERE p.round_id = r.id AND p.phase = 'panel-review' AND p.enabled))`);
  }

  async down(): Promise<void> {
    // The weights set to 0 were never used: there is nothing to restore.
  }
}
