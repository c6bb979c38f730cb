import type { Role } from '../../../domain/roles';

/** Who is calling a service: already signed in and active (the tRPC layer checks that). */
export interface Actor {
  id: string;
  role: Role;
}
