/**
 * A worker thread of the thread pool: receives the experiment's context once
 * (as workerData) and runs the points it is given.
 */
import { workerData } from 'piscina';
import { type ExperimentContext, type PointResult, type PointTask, runPoint } from '../point.js';

const context = workerData as ExperimentContext;

export default function runPointTask(task: PointTask): PointResult {
  return runPoint(context, task);
}
