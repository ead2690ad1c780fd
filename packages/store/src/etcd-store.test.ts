// The Store contract on a real etcd (Debian's etcd-server), started by this file.
import { etcdHarness } from "./test-harnesses.js";
import { describeStoreContract } from "./test-store-contract.js";

describeStoreContract("EtcdStore", etcdHarness());
