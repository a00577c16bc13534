/**
 * Schedules act through the member remediation role (issue 11), which may change only resources that
 * opted in: tagged `hostmaster:remediation=allow`, or in an account opted in as a whole.
 */
export { REMEDIATION_OPT_IN_TAG } from '../../shared/contract/schedule-permissions';
