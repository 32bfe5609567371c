// Worker-thread entry of the planner pool (plannerPool.ts). Worker threads start as plain Node, whether the app
// runs through tsx (bin/retur.js) or vitest, so this file teaches the thread TypeScript before loading the work.
import { register } from 'tsx/esm/api';

register();
const worker = import('./plannerWorker.ts');

export default async function run(task) {
  return (await worker).runTask(task);
}
