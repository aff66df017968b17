// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Attesters} from "../utils/Attesters.sol";
import {Recorder} from "../Mailbox.t.sol";
import {Mailbox} from "../../src/Mailbox.sol";
import {IMailbox} from "../../src/interfaces/IMailbox.sol";

/// @dev Delivers messages from a small pool (so replays are frequent) with random signer subsets,
/// and rotates the attester set now and then (it holds the governor role).
contract MailboxHandler is Attesters {
    uint64 internal constant ORIGIN = 43114;
    bytes32 internal constant SENDER = bytes32(uint256(0xBEEF));
    Mailbox internal immutable box;
    uint256 public ghostDelivered;
    uint256 public ghostRotations;
    mapping(uint256 nonce => uint256) public ghostDeliveries;

    constructor(Mailbox box_) {
        box = box_;
        makeKeys(0, 3);
    }

    function message(uint64 nonce) public view returns (bytes memory) {
        return box.encode(ORIGIN, box.localDomain(), nonce, SENDER, IMailbox.MessageType.VoteResult, abi.encode(nonce));
    }

    function deliver(uint8 nonceSeed, uint8 a, uint8 b) external {
        uint64 nonce = nonceSeed % 8;
        bytes memory m = message(nonce);
        bytes[] memory sigs = attest(box, m, indexes(a % 3, b % 3));
        try box.deliver(m, box.setVersion(), sigs) {
            ++ghostDeliveries[nonce];
            ++ghostDelivered;
        } catch {}
    }

    function rotate(uint8 seed) external {
        box.rotateAttesters(makeKeys(seed, 3), 2);
        ++ghostRotations;
    }
}

contract MailboxInvariants is Attesters {
    Mailbox internal box;
    Recorder internal rec;
    MailboxHandler internal h;

    function setUp() public {
        address governor = address(0x60F);
        box = new Mailbox(governor);
        rec = new Recorder(box);
        h = new MailboxHandler(box);
        address[] memory set = makeKeys(0, 3);
        vm.startPrank(governor);
        box.setRecipient(rec);
        box.rotateAttesters(set, 2);
        box.enrollRemoteSender(43114, bytes32(uint256(0xBEEF)));
        box.grantRole(box.GOVERNOR_ROLE(), address(h));
        vm.stopPrank();
        targetContract(address(h));
    }

    /// No id is ever consumed twice: each message was applied at most once, and exactly as often as
    /// the Mailbox says it was delivered.
    function invariant_noIdConsumedTwice() public view {
        uint256 delivered;
        for (uint64 nonce; nonce < 8; ++nonce) {
            bytes memory m = h.message(nonce);
            uint256 applied = rec.handled(keccak256(abi.encode(nonce)));
            vm.assertLe(applied, 1, "applied at most once");
            vm.assertEq(h.ghostDeliveries(nonce), applied, "every delivery applied");
            vm.assertEq(box.delivered(keccak256(m)), applied == 1, "consumed iff applied");
            delivered += applied;
        }
        vm.assertEq(rec.total(), delivered, "nothing else applied");
    }
}
