/** The people aggregate: households and staff, and their identities on each channel. */
import type { Actor, Channel, Role } from '../../core/model';

/** One channel identity of a person. */
export interface Contact {
  personId: number;
  channel: Channel;
  externalId: string;
}

export interface PeoplePort {
  /** Registers a household on its first message (safe when two first messages race). */
  registerHousehold(channel: Channel, externalId: string, name: string, areaCode: string | null): Promise<Actor>;
  /** Staff with `role` whose area is one of `areaCodes`. */
  staffIn(role: Role, areaCodes: string[]): Promise<Actor[]>;
  /** issue 14: the staff of a department. */
  staffOfDepartment(departmentCode: string): Promise<Actor[]>;
  /** A staff member by exact name. */
  findStaffByName(name: string): Promise<Actor | null>;
  /** How to reach people privately: their channel identities. */
  contactsOf(personIds: number[]): Promise<Contact[]>;
  /** Names of people by id. */
  namesOf(personIds: number[]): Promise<Map<number, string>>;
  nameOf(personId: number): Promise<string | null>;
}
