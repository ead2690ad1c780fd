import { levelHarness } from "./test-harnesses.js";
import { describeStoreProperty } from "./test-store-property.js";

describeStoreProperty("LevelStore", levelHarness(), 60);
