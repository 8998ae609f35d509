// The payload every benchmark target returns for GET /users/:id, so all stacks do the same work.
export interface User {
  id: string;
  name: string;
  email: string;
}

export function loadUser(id: string): User {
  return { id, name: `user ${id}`, email: `user${id}@example.com` };
}
