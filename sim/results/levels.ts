/**
 * The level of a row in a results table: what its numbers are taken over.
 * Every table has a `level` column, so a query picks one level and never
 * adds a group to the groups it is made of (a model to its populations).
 *
 * - `run`: the whole run (role, model, population and operator are null);
 * - `role-model`: every node of one model in one role (population and operator null);
 * - `population`: one declared population (its role, model or "mixture", and name);
 * - `operator`: one declared operator across its nodes and roles (only operator set);
 * - `node`: one node (nodes.csv).
 */
export type GroupLevel = 'role-model' | 'population' | 'operator';
export type TableLevel = 'run' | GroupLevel;
export type ResultLevel = TableLevel | 'node';

export const GROUP_LEVELS: readonly GroupLevel[] = ['role-model', 'population', 'operator'];
