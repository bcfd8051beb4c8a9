/** @type {import("next").NextConfig} */
export default {
  // Keep `next dev` from writing agent instruction files into the repository.
  agentRules: false,
  experimental: { agentUpgrade: false },
};
