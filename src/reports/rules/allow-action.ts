import { Allow } from '../../access/access.decorators';
import { type ReportAction, rolesFor } from './report-workflow';

/** A report route for one workflow action: admits exactly the roles the workflow rules name for it. */
export const AllowAction = (action: ReportAction) => Allow(...rolesFor(action));
