"""Browser-side pieces shared by the participant page and the facilitator's dashboard."""
