// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Attesters} from "./utils/Attesters.sol";
import {Mailbox} from "../src/Mailbox.sol";
import {IMailbox} from "../src/interfaces/IMailbox.sol";
import {IMessageRecipient} from "../src/interfaces/IMessageRecipient.sol";

/// @dev The Mailbox's unit tests apply messages to this recorder; StudioRouter.t.sol applies them to
/// the suite.
contract Recorder is IMessageRecipient {
    Mailbox internal immutable box;
    mapping(bytes32 bodyHash => uint256) public handled;
    uint256 public total;
    bytes public lastBody;

    constructor(Mailbox box_) {
        box = box_;
    }

    function send(uint64 destination, IMailbox.MessageType t, bytes calldata body) external returns (bytes32) {
        return box.dispatch(destination, t, body);
    }

    function handle(uint64, IMailbox.MessageType, bytes calldata body) external {
        require(msg.sender == address(box), "not the mailbox");
        ++handled[keccak256(body)];
        ++total;
        lastBody = body;
    }
}

contract MailboxTest is Attesters {
    uint64 internal constant HERE = 1;
    uint64 internal constant THERE = 43114;
    bytes32 internal constant REMOTE = bytes32(uint256(0xBEEF));
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    address internal governor = address(0x60F);

    Mailbox internal box;
    Recorder internal rec;
    address[] internal set;
    uint64 internal ver = 1;

    function setUp() public virtual {
        vm.chainId(HERE);
        box = new Mailbox(governor);
        rec = new Recorder(box);
        set = makeKeys(1, 3);
        vm.startPrank(governor);
        box.setRecipient(rec);
        box.rotateAttesters(set, 2);
        box.enrollRemoteSender(THERE, REMOTE);
        vm.stopPrank();
    }

    /// @dev A message from the enrolled sender on THERE to HERE.
    function inbound(uint64 nonce, bytes memory body) internal view returns (bytes memory) {
        return box.encode(THERE, HERE, nonce, REMOTE, IMailbox.MessageType.Valuation, body);
    }

    /// @dev Delivers under set version `ver` (kept here, so that an expectRevert before this
    /// call applies to the delivery itself).
    function deliver(bytes memory message, bytes[] memory sigs) internal {
        box.deliver(message, ver, sigs);
    }

    // ----- dispatch -----

    function test_dispatch_onlyTheRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxUnauthorized.selector, address(this)));
        box.dispatch(THERE, IMailbox.MessageType.Valuation, "");
    }

    function test_dispatch_noncePerDestinationAndCanonicalId() public {
        bytes32 first = rec.send(THERE, IMailbox.MessageType.VoteResult, hex"01");
        bytes32 second = rec.send(THERE, IMailbox.MessageType.VoteResult, hex"01");
        rec.send(7, IMailbox.MessageType.VoteResult, hex"01");
        bytes32 sender = bytes32(uint256(uint160(address(rec))));
        vm.assertEq(first, keccak256(box.encode(HERE, THERE, 0, sender, IMailbox.MessageType.VoteResult, hex"01")), "id 0");
        vm.assertEq(second, keccak256(box.encode(HERE, THERE, 1, sender, IMailbox.MessageType.VoteResult, hex"01")), "id 1");
        vm.assertEq(box.nonceOf(THERE), 2, "nonce THERE");
        vm.assertEq(box.nonceOf(7), 1, "nonce 7");
        bytes memory m = box.encode(HERE, THERE, 0, sender, IMailbox.MessageType.VoteResult, hex"01");
        vm.assertEq(m.length, 59, "58-byte header + body");
    }

    function test_dispatch_refusesThisChainAndTypeNone() public {
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxInvalidRoute.selector, HERE));
        rec.send(HERE, IMailbox.MessageType.Valuation, "");
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxUnknownType.selector, 0));
        rec.send(THERE, IMailbox.MessageType.None, "");
    }

    // ----- deliver -----

    function test_deliver_twoOfThreeAppliesOnce() public {
        bytes memory m = inbound(0, hex"c0ffee");
        vm.expectEmit(address(box));
        emit IMailbox.Delivered(keccak256(m), THERE, 0, IMailbox.MessageType.Valuation, 1);
        deliver(m, attest(box, m, indexes(0, 2)));
        vm.assertEq(rec.handled(keccak256(hex"c0ffee")), 1, "handled");
        vm.assertEq(rec.lastBody(), hex"c0ffee", "body");
        vm.assertTrue(box.delivered(keccak256(m)), "consumed");
    }

    function test_deliver_refusesReplay() public {
        bytes memory m = inbound(0, hex"01");
        bytes[] memory sigs = attest(box, m, indexes(0, 1));
        deliver(m, sigs);
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxAlreadyDelivered.selector, keccak256(m)));
        deliver(m, sigs);
        vm.assertEq(rec.total(), 1, "applied once");
    }

    function test_deliver_refusesAnotherDestination() public {
        bytes memory m = box.encode(THERE, 5, 0, REMOTE, IMailbox.MessageType.Valuation, hex"01");
        bytes[] memory sigs = attest(box, m, indexes(0, 1));
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxWrongDestination.selector, 5));
        deliver(m, sigs);
    }

    function test_deliver_refusesSignaturesMadeForAnotherChainsMailbox() public {
        // Same message bytes, same keys, but signed in the domain of a Mailbox at another address
        // and chain: the domain separator binds both.
        vm.chainId(THERE);
        Mailbox other = new Mailbox(governor);
        vm.prank(governor);
        other.rotateAttesters(set, 2);
        bytes memory m = inbound(0, hex"01");
        bytes[] memory sigs = attest(other, m, indexes(0, 1));
        vm.chainId(HERE);
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxInvalidSignature.selector, 0));
        deliver(m, sigs);
    }

    function test_deliver_refusesUnknownSenderAndOrigin() public {
        bytes memory m = box.encode(THERE, HERE, 0, bytes32(uint256(0xBAD)), IMailbox.MessageType.Valuation, "");
        bytes[] memory sigs = attest(box, m, indexes(0, 1));
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxUnknownSender.selector, THERE, bytes32(uint256(0xBAD))));
        deliver(m, sigs);
        m = box.encode(99, HERE, 0, REMOTE, IMailbox.MessageType.Valuation, "");
        sigs = attest(box, m, indexes(0, 1));
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxUnknownSender.selector, 99, REMOTE));
        deliver(m, sigs);
    }

    function test_deliver_refusesUnknownTypesAndMalformedMessages() public {
        for (uint8 t = 0; t < 7; t += 5) {
            bytes memory m = abi.encodePacked(uint8(1), THERE, HERE, uint64(0), REMOTE, t, hex"01");
            bytes[] memory sigs = attest(box, m, indexes(0, 1));
            vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxUnknownType.selector, t));
            deliver(m, sigs);
        }
        bytes memory v2 = abi.encodePacked(uint8(2), THERE, HERE, uint64(0), REMOTE, uint8(3));
        bytes[] memory s2 = attest(box, v2, indexes(0, 1));
        vm.expectRevert(IMailbox.MailboxMalformed.selector);
        deliver(v2, s2);
        vm.expectRevert(IMailbox.MailboxMalformed.selector);
        deliver(hex"01", s2);
    }

    function test_deliver_refusesDuplicatedAndUnorderedSigners() public {
        bytes memory m = inbound(0, hex"01");
        bytes[] memory twice = attest(box, m, indexes(1, 1));
        bytes[] memory unordered = attest(box, m, indexes(2, 0));
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxSignersNotAscending.selector, 1));
        deliver(m, twice);
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxSignersNotAscending.selector, 1));
        deliver(m, unordered);
    }

    function test_deliver_refusesMalleableSignature() public {
        bytes memory m = inbound(0, hex"01");
        bytes32 digest = box.attestationDigest(keccak256(m), 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[1], digest);
        // The same signature's twin (n - s, other parity) recovers the same key; low-s only.
        bytes[] memory sigs = new bytes[](2);
        sigs[0] = sig(keys[0], digest);
        sigs[1] = abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxInvalidSignature.selector, 1));
        deliver(m, sigs);
    }

    function test_deliver_refusesForgedSignature() public {
        bytes memory m = inbound(0, hex"01");
        bytes32 digest = box.attestationDigest(keccak256(m), 1);
        bytes[] memory sigs = new bytes[](2);
        sigs[0] = sig(keys[0], digest);
        sigs[1] = sig(0xBADBAD, digest);
        if (vm.addr(0xBADBAD) < set[0]) (sigs[0], sigs[1]) = (sigs[1], sigs[0]);
        vm.expectRevert();
        deliver(m, sigs);
        vm.assertEq(rec.total(), 0, "nothing applied");
    }

    function test_deliver_refusesARotatedOutSet() public {
        bytes memory m = inbound(0, hex"01");
        bytes[] memory old = attest(box, m, indexes(0, 1));
        address[] memory next = makeKeys(2, 3);
        vm.prank(governor);
        box.rotateAttesters(next, 2);
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxWrongSetVersion.selector, 1, 2));
        box.deliver(m, 1, old);
        // The old signatures presented as the new version do not verify either.
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxInvalidSignature.selector, 0));
        box.deliver(m, 2, old);
        ver = 2;
        deliver(m, attest(box, m, indexes(0, 1)));
        vm.assertEq(rec.total(), 1, "the new set delivers");
    }

    // ----- the historical bridge failures -----

    /// Ronin (2022): 5 of 9 keys, 4 held by one party plus one delegated. Here: a threshold is always a
    /// strict majority of the set, and fewer signatures than it never deliver.
    function test_ronin_tooFewKeysNeverDeliver() public {
        bytes memory m = inbound(0, hex"01");
        bytes[] memory one = attest(box, m, new uint256[](1));
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxNotEnoughSignatures.selector, 1, 2));
        deliver(m, one);
        vm.startPrank(governor);
        vm.expectRevert(IMailbox.MailboxInvalidAttesterSet.selector);
        box.rotateAttesters(set, 1); // 1 of 3 is no majority
        address[] memory four = makeKeys(3, 4);
        vm.expectRevert(IMailbox.MailboxInvalidAttesterSet.selector);
        box.rotateAttesters(four, 2); // 2 of 4 is no majority
        vm.expectRevert(IMailbox.MailboxInvalidAttesterSet.selector);
        box.rotateAttesters(four, 5);
        vm.stopPrank();
    }

    /// Wormhole (2022): the guardian-set account passed in was never checked. Here the caller passes
    /// only signatures; the set they are checked against is the one stored, and a caller who brings
    /// its own keys, or names a set version that is not current, gets nothing through.
    function test_wormhole_signaturesAreCheckedAgainstTheStoredSetOnly() public {
        bytes memory m = inbound(0, hex"01");
        uint256 current = box.setVersion();
        makeKeys(666, 3); // the attacker's own "set"
        bytes[] memory own = attest(box, m, indexes(0, 1));
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxInvalidSignature.selector, 0));
        deliver(m, own);
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxWrongSetVersion.selector, 0, current));
        box.deliver(m, 0, own);
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxWrongSetVersion.selector, 7, current));
        box.deliver(m, 7, own);
        vm.assertEq(rec.total(), 0, "nothing applied");
    }

    /// Nomad (2022): a zero root was marked proven, so every unproven message passed. Here no default
    /// value proves anything: a Mailbox with no set yet (version 0, threshold 0) refuses every
    /// message, even with zero signatures; a signature that recovers to nobody is refused; a zero
    /// attester cannot be enrolled; an id is consumed only by a delivery.
    function test_nomad_noDefaultValueIsProven() public {
        vm.chainId(HERE);
        Mailbox fresh = new Mailbox(governor);
        vm.startPrank(governor);
        fresh.setRecipient(rec);
        fresh.enrollRemoteSender(THERE, REMOTE);
        vm.stopPrank();
        bytes memory m = inbound(0, hex"01");
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxNotEnoughSignatures.selector, 0, 0));
        fresh.deliver(m, 0, new bytes[](0));
        vm.assertFalse(fresh.delivered(keccak256(m)), "not consumed");
        vm.assertFalse(fresh.delivered(bytes32(0)), "zero id not consumed");

        bytes[] memory nobody = new bytes[](2);
        nobody[0] = abi.encodePacked(bytes32(0), bytes32(0), uint8(27));
        nobody[1] = new bytes(65);
        vm.expectRevert(abi.encodeWithSelector(IMailbox.MailboxInvalidSignature.selector, 0));
        deliver(m, nobody);

        address[] memory withZero = new address[](3);
        (withZero[0], withZero[1], withZero[2]) = (address(0), set[1], set[2]);
        vm.prank(governor);
        vm.expectRevert(IMailbox.MailboxInvalidAttesterSet.selector);
        box.rotateAttesters(withZero, 2);
    }

    /// Poly Network (2021): a message chose its call target and reached the keeper contract. Here a
    /// message never names a target: its body goes to the one recipient governance set, whatever it
    /// encodes, and the Mailbox's own governance is out of its reach.
    function test_polyNetwork_noArbitraryCallTarget() public {
        address[] memory evil = makeKeys(9, 1);
        bytes memory body = abi.encodeCall(Mailbox.rotateAttesters, (evil, 1));
        bytes memory m = inbound(0, body);
        makeKeys(1, 3);
        deliver(m, attest(box, m, indexes(0, 1)));
        vm.assertEq(rec.lastBody(), body, "the body went to the recipient as data");
        vm.assertEq(box.setVersion(), 1, "the set is unchanged");
        vm.assertFalse(box.isAttester(1, evil[0]), "no new attester");
        vm.expectRevert();
        box.setRecipient(IMessageRecipient(address(this)));
    }

    // ----- fuzzing of signature sets -----

    /// Any order, subset, duplication and count of the set's signatures: delivered exactly when the
    /// signers are distinct, ascending, and at least the threshold.
    function testFuzz_signatureSets(uint256 seed, uint8 count) public {
        address[] memory five = makeKeys(seed, 5);
        vm.prank(governor);
        box.rotateAttesters(five, 3);
        ver = 2;
        bytes memory m = inbound(uint64(seed), hex"01");
        uint256 n = bound(count, 0, 7);
        uint256[] memory which = new uint256[](n);
        bool valid = n >= 3;
        for (uint256 i; i < n; ++i) {
            which[i] = uint256(keccak256(abi.encode(seed, i))) % 5;
            if (i > 0 && which[i] <= which[i - 1]) valid = false;
        }
        bytes[] memory sigs = attest(box, m, which);
        if (!valid) vm.expectRevert();
        deliver(m, sigs);
        vm.assertEq(rec.total(), valid ? 1 : 0, "delivered iff valid");
    }
}
