import type { TFunction } from 'i18next';
import type {
  CertificateState,
  EnterpriseType,
  OutletChannel,
  OutletOwnership,
  OutletStatus,
} from './api.ts';

/** camelCase enum values become snake_case i18n keys: salesService → sales_service. */
export function snake(value: string): string {
  return value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export const enterpriseTypeLabel = (t: TFunction, v: EnterpriseType) =>
  t(`clients.enterprise_type.${snake(v)}`);
export const channelLabel = (t: TFunction, v: OutletChannel) => t(`clients.channel.${snake(v)}`);
export const ownershipLabel = (t: TFunction, v: OutletOwnership) => t(`clients.ownership.${v}`);
export const outletStatusLabel = (t: TFunction, v: OutletStatus) => t(`clients.outlet_status.${v}`);
export const certificateStateLabel = (t: TFunction, v: CertificateState) =>
  t(`clients.certificate_state.${snake(v)}`);

export const CERTIFICATE_STATE_COLORS: Record<CertificateState, string> = {
  valid: 'green',
  expiringSoon: 'orange',
  expired: 'red',
  notYetValid: 'blue',
  withdrawn: 'default',
};

/** An empty cell. */
export const DASH = '—';
