# TODO: criteria, assessments and handovers arrive with the qualification issue (#4).
