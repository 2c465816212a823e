"""The inputs of the three ways a refund proposal goes back to the agent, each its own POST
/api/returns/<rma>/<action>/ (registered with the other transitions in api.views.ACTION_INPUTS):

- `reject-refund-proposal`: finance, not the proposer; a refusal's reason code and a note.
- `send-back-refund-proposal`: finance, not the proposer; a note saying what to look at.
- `withdraw-refund-proposal`: the proposer only; a note is optional.

The services (returns.services.refund_proposals) check the state (409), the role and the proposer
(403) and the reason and note (400) again, so the API cannot do what the console refuses.
"""
from rest_framework import serializers

from returns.decisions import NEGATIVE


class RefundProposalRejectSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[(r.value, r.label) for r in NEGATIVE],
                                     help_text="Why finance refuses the refund (a refusal's reason code).")
    note = serializers.CharField(max_length=2000, help_text="What is wrong with the proposed refund, for the agent.")


class RefundProposalSendBackSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="What the agent should look at before proposing again.")


class RefundProposalWithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                 help_text="Why the proposer takes the proposal back (optional).")


PROPOSAL_INPUTS = {
    "reject_refund_proposal": RefundProposalRejectSerializer,
    "send_back_refund_proposal": RefundProposalSendBackSerializer,
    "withdraw_refund_proposal": RefundProposalWithdrawSerializer,
}
DESCRIPTIONS = {
    "reject_refund_proposal": "Finance (never the proposer) refuses the proposed refund: back to `inspected`, the "
                              "proposer cleared, and the same amount and refund method cannot be proposed or "
                              "released again. 403 for the proposer or a role without finance approval; 409 when "
                              "the return does not wait for approval.",
    "send_back_refund_proposal": "Finance (never the proposer) hands the proposal back to the agent with a note: "
                                 "back to `inspected`, the proposer cleared; it may be proposed again as it is.",
    "withdraw_refund_proposal": "The proposer takes their own proposal back: back to `inspected`. 403 for anyone "
                                "else.",
}
