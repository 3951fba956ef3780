import { outletRowSpec } from '../outlets/outlet-fields.ts';
import { staffRowSpec } from '../client-staff/staff-fields.ts';

/** Each import kind's RowSpec, by kind: what the file-reading worker needs to parse rows on its own. */
export const ROW_SPECS = { outlets: outletRowSpec, staff: staffRowSpec } as const;
