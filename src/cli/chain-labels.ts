import { type OrganizationsService } from '../organizations/organizations.service';

/** How the commands name a chain: "organization 012041", or "platform" for events outside any organization. */
export async function chainLabels(organizations: OrganizationsService, chains: string[]): Promise<Map<string, string>> {
  const ids = chains.filter((chain) => chain.startsWith('org:')).map((chain) => chain.slice('org:'.length));
  const codes = await organizations.codesOf(ids);
  return new Map(
    chains.map((chain) => {
      const id = chain.slice('org:'.length);
      return [chain, chain === 'platform' ? chain : `organization ${codes.get(id) ?? id}`];
    }),
  );
}
