import { etcdHarness } from "./test-harnesses.js";
import { describeStoreProperty } from "./test-store-property.js";

// Fewer runs than on LevelDB: every commit is two etcd round trips, and the model is the same.
describeStoreProperty("EtcdStore", etcdHarness(), 40);
