import { organizationOfChain } from '../audit/audit-log';
import { type OrganizationsService } from '../organizations/organizations.service';

/** How the commands name a chain: "organization 012041", or "platform" for events outside any organization. */
export async function chainLabels(organizations: OrganizationsService, chains: string[]): Promise<Map<string, string>> {
  const ids = chains.map(organizationOfChain).filter((id) => id !== null);
  const codes = await organizations.codesOf(ids);
  return new Map(
    chains.map((chain) => {
      const id = organizationOfChain(chain);
      return [chain, id === null ? chain : `organization ${codes.get(id) ?? id}`];
    }),
  );
}
