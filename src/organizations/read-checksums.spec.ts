import { DEFAULT_OPEN_DATA_LICENCE, type OrganizationSettings } from './organization.entity';
import { departmentChecksum, settingsChecksum } from './read-checksums';

describe('the checksums a save sends back of what it read', () => {
  const settings: OrganizationSettings = {
    effectCloseThreshold: 0.8,
    publishPanelMemberNames: false,
    openDataLicence: DEFAULT_OPEN_DATA_LICENCE.name,
    openDataLicenceUrl: DEFAULT_OPEN_DATA_LICENCE.url,
  };

  it('tell the settings apart by any one of them, as a change of one may rest on the others', () => {
    const changed: OrganizationSettings[] = [
      { ...settings, effectCloseThreshold: 0.75 },
      { ...settings, publishPanelMemberNames: true },
      { ...settings, openDataLicence: '旭川市オープンデータ利用規約' },
      { ...settings, openDataLicenceUrl: 'https://www.city.example.lg.jp/terms.html' },
    ];
    expect(new Set([settings, ...changed].map(settingsChecksum)).size).toBe(5);
    expect(settingsChecksum({ ...settings })).toBe(settingsChecksum(settings));
  });

  it('tell a department apart by its name, the one thing a rename writes over', () => {
    expect(departmentChecksum({ name: '経済部' })).toBe(departmentChecksum({ name: '経済部' }));
    expect(departmentChecksum({ name: '経済部' })).not.toBe(departmentChecksum({ name: '経済観光部' }));
  });
});
