import { server } from "../../tessera";

export const POST = (request: Request) => server.fetch(request);
