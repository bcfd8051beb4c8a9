/**
 * The checks every framework recipe passes over real HTTP (see {@link describeRecipe}), and the
 * README check ({@link recipeRegions}, {@link readmeCodeBlocks}). Private and for tests only: the recipes themselves never
 * import it, so each stays code a user can copy.
 *
 * @packageDocumentation
 */
export { describeRecipe, type RecipeServer } from "./recipe-suite.js";
export { listenOn, startRecipeFixture, type RecipeFixture } from "./fixture.js";
export { readmeCodeBlocks, recipeRegions } from "./readme.js";
