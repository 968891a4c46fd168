import { Injectable } from '@nestjs/common';
import { GetPeopleV1, type PersonV1 } from '@collabo/contracts';
import { RpcClient, validatePayload } from '@collabo/service-kit';

/** At most this many ids per GetPeopleV1 request (the contract's bound). */
const CHUNK = 500;

/**
 * Registry people by id (lower-case), over registry RPC. Unknown ids are simply absent from the map. The
 * intake goes through RecipientDirectory (the cache) rather than here.
 */
@Injectable()
export class RegistryPeople {
  constructor(private readonly rpc: RpcClient) {}

  async byIds(ids: string[]): Promise<Map<string, PersonV1>> {
    const people = new Map<string, PersonV1>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const answer = await this.rpc.request(GetPeopleV1, { ids: ids.slice(i, i + CHUNK) });
      // The registry is another process: what it says is checked against the contract like any input.
      const response = validatePayload(GetPeopleV1.Response, answer);
      for (const person of response.people) people.set(person.id.toLowerCase(), person);
    }
    return people;
  }
}
