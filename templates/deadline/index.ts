export { parseDeadline, type DeadlineContext } from './parse-deadline.ts';
export { dueAfterTrigger } from './due-after-trigger.ts';
export { timelineText } from './timeline-text.ts';
