import CZooKeeper
import Foundation

/// The metadata ZooKeeper keeps for a node.
public struct NodeStat: Sendable, Hashable {
    /// The transaction that created the node.
    public var czxid: Int64
    /// The transaction that last changed the node's data.
    public var mzxid: Int64
    /// Creation time, milliseconds since the epoch.
    public var ctime: Int64
    /// Time of the last data change, milliseconds since the epoch.
    public var mtime: Int64
    /// Number of changes to the data: 0 after create, +1 on each set. Pass it back as an expected version.
    public var version: Int32
    /// Number of changes to the children.
    public var cversion: Int32
    /// Number of changes to the ACL.
    public var aversion: Int32
    /// The session owning an ephemeral node, or 0 for a persistent node.
    public var ephemeralOwner: Int64
    public var dataLength: Int32
    public var numChildren: Int32
    /// The transaction that last changed the children.
    public var pzxid: Int64

    public init(
        czxid: Int64 = 0, mzxid: Int64 = 0, ctime: Int64 = 0, mtime: Int64 = 0, version: Int32 = 0,
        cversion: Int32 = 0, aversion: Int32 = 0, ephemeralOwner: Int64 = 0, dataLength: Int32 = 0,
        numChildren: Int32 = 0, pzxid: Int64 = 0
    ) {
        self.czxid = czxid
        self.mzxid = mzxid
        self.ctime = ctime
        self.mtime = mtime
        self.version = version
        self.cversion = cversion
        self.aversion = aversion
        self.ephemeralOwner = ephemeralOwner
        self.dataLength = dataLength
        self.numChildren = numChildren
        self.pzxid = pzxid
    }

    init(_ stat: Stat) {
        self.init(
            czxid: stat.czxid, mzxid: stat.mzxid, ctime: stat.ctime, mtime: stat.mtime, version: stat.version,
            cversion: stat.cversion, aversion: stat.aversion, ephemeralOwner: stat.ephemeralOwner,
            dataLength: stat.dataLength, numChildren: stat.numChildren, pzxid: stat.pzxid
        )
    }

    /// True for an ephemeral node (owned by a session).
    public var isEphemeral: Bool { ephemeralOwner != 0 }
}

/// A node's data together with its metadata, as read at one moment.
public struct NodeData: Sendable, Hashable {
    public var data: Data
    public var stat: NodeStat

    public init(data: Data, stat: NodeStat) {
        self.data = data
        self.stat = stat
    }
}

/// The version to pass when any version is acceptable.
public let anyVersion: Int32 = -1
