import { roles, type RouteAccess } from '../http/route-access.ts';

/** Who may see names, ID masks and passages. */
export const PERSONAL_DATA: RouteAccess = roles('community', 'admin');
/** Who may see counts and the occupancy sweep (property staff keep the roster); guards see none of it. */
export const FIGURES: RouteAccess = roles('property', 'community', 'admin');
