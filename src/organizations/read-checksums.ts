import { contentChecksum } from '../common/content-checksum';
import { type Department } from './department.entity';
import { type Organization, ORGANIZATION_SETTINGS, type OrganizationSettings } from './organization.entity';

/** A municipality's settings (団体の設定) as they are. */
export function settingsOf(organization: Organization): OrganizationSettings {
  return Object.fromEntries(ORGANIZATION_SETTINGS.map((key) => [key, organization[key]])) as OrganizationSettings;
}

/** The settings as read, all of them (see `contentChecksum`): a change of one may rest on the others as read. */
export function settingsChecksum(settings: OrganizationSettings): string {
  return contentChecksum(ORGANIZATION_SETTINGS.map((key) => settings[key]));
}

/** A department as read for a rename (see `contentChecksum`): its name, the one thing a rename writes over. */
export function departmentChecksum({ name }: Pick<Department, 'name'>): string {
  return contentChecksum([name]);
}
