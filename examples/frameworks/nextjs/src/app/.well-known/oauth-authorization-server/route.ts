import { server } from "../../../tessera";

export const GET = (request: Request) => server.fetch(request);
