// The auditors' exports. So far the 360Giving mapping and its checks (plain domain code); the
// module with its pages and endpoints comes with the ledger and audit-log exports.
export * from './domain/three-sixty-giving';
export * from './domain/three-sixty-giving-checks';
